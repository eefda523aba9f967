-- wrk reporting script: prints one JSON line (prefixed "WRK_JSON ") with throughput, latency
-- percentiles in microseconds and the error counts, read by tests/bench/load.py.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "mean_us": %.1f, "max_us": %d, "errors": {"connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
