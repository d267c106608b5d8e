variable "cluster_name" {
  type    = string
  default = "lab"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,14}$", var.cluster_name))
    error_message = "cluster_name must be a short lowercase DNS label."
  }
}

variable "extra_nics" {
  description = "Extra NICs per node, attached to host bridges."
  type        = list(object({ bridge = string }))
  default     = [{ bridge = "br-ext" }]
}
