/**
 * Prometheus text format (0.0.4) for the few series Pipewise exposes: small enough to write by hand, so no client
 * library. Counters and histograms live in this process; every process of a fleet is scraped on its own.
 */
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = Record<string, string>;
const key = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
const render = (labels: Labels) => {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
};

export type HttpMetrics = ReturnType<typeof createHttpMetrics>;

export function createHttpMetrics() {
  const requests = new Map<string, { labels: Labels; count: number }>();
  const latency = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();
  return {
    observe(method: string, route: string, status: number, seconds: number) {
      const labels = { method, route, status: String(status) };
      const k = key(labels);
      const r = requests.get(k) ?? { labels, count: 0 };
      r.count++;
      requests.set(k, r);
      const hl = { method, route };
      const hk = key(hl);
      const h = latency.get(hk) ?? { labels: hl, buckets: latencyBuckets.map(() => 0), sum: 0, count: 0 };
      latencyBuckets.forEach((b, i) => {
        if (seconds <= b) h.buckets[i]!++;
      });
      h.sum += seconds;
      h.count++;
      latency.set(hk, h);
    },
    lines(): string[] {
      const out = [
        '# HELP pipewise_http_requests_total HTTP requests by method, route and status.',
        '# TYPE pipewise_http_requests_total counter',
      ];
      for (const r of requests.values()) out.push(`pipewise_http_requests_total${render(r.labels)} ${r.count}`);
      out.push(
        '# HELP pipewise_http_request_duration_seconds HTTP request latency.',
        '# TYPE pipewise_http_request_duration_seconds histogram',
      );
      for (const h of latency.values()) {
        latencyBuckets.forEach((b, i) =>
          out.push(
            `pipewise_http_request_duration_seconds_bucket${render({ ...h.labels, le: String(b) })} ${h.buckets[i]}`,
          ),
        );
        out.push(`pipewise_http_request_duration_seconds_bucket${render({ ...h.labels, le: '+Inf' })} ${h.count}`);
        out.push(`pipewise_http_request_duration_seconds_sum${render(h.labels)} ${h.sum}`);
        out.push(`pipewise_http_request_duration_seconds_count${render(h.labels)} ${h.count}`);
      }
      return out;
    },
  };
}

export type Gauge = {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: { labels: Labels; value: number }[];
};

export function renderGauges(gauges: Gauge[]): string[] {
  const out: string[] = [];
  for (const g of gauges) {
    out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} ${g.type}`);
    for (const s of g.samples) out.push(`${g.name}${render(s.labels)} ${s.value}`);
  }
  return out;
}
