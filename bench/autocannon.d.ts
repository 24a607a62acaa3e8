// The part of autocannon's API the benchmarks use (the package ships no types).
declare module "autocannon" {
  type TRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
  type TOptions = {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    timeout?: number;
    headers?: Record<string, string>;
    requests?: (TRequest & { setupRequest?: (req: TRequest, context: unknown) => TRequest })[];
  };
  type THistogram = { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p90: number; p97_5: number; p99: number; p99_9?: number; total?: number };
  export type TResult = {
    requests: THistogram & { total: number; sent: number };
    latency: THistogram;
    throughput: THistogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
    "2xx": number;
    statusCodeStats?: Record<string, { count: number }>;
  };
  function autocannon(opts: TOptions): Promise<TResult>;
  export default autocannon;
}
