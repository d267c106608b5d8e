// One eta engine with every template loaded: the renderers ask for templates by name.
import { Eta } from "eta";
import { etaOptions, templates } from "./templates";

const eta = new Eta(etaOptions);
for (const [name, template] of Object.entries(templates())) eta.loadTemplate(`@${name}`, template);

export const renderTemplate = (name: string, data: object): string => eta.render(`@${name}`, data);
