// At most `limit` of the tasks given at a time, the rest waiting in order: Terraform runs are started together
// when a test file loads, and each is mostly Node start-ups of the stand-in, so a few side by side keep the cores
// busy while more would only make every test wait for all of them.
export function pool(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
