// Words for a POSIX shell, in the commands the cluster report shows.

/** A word as the shell reads it back: quoted when it holds anything but the plainest characters. */
export const shellWord = (word: string): string =>
  /^[A-Za-z0-9._/+@%=:,-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
