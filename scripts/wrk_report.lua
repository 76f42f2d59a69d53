-- wrk script for scripts/bench.py: one JSON line of results, and an optional rotating URL mix.
--
--   wrk -t2 -c16 -d10s --latency -s scripts/wrk_report.lua http://127.0.0.1:8700/
--   wrk -t2 -c64 -d60s --latency -s scripts/wrk_report.lua http://127.0.0.1:8700 -- / /blog/
--
-- With paths after `--`, each thread cycles through them (starting at a different one) and counts
-- response statuses, so a failing load test says which codes came back. Without paths, request()
-- and response() are removed in init(): wrk then sends its one pre-built request and skips
-- parsing bodies, which keeps the single-URL figures as cheap as plain wrk.
--
-- done() prints `WRK_JSON {...}` with microsecond latencies, for bench.py to parse: steadier than
-- wrk's human-readable units ("1.23ms", "2.00k").

local paths = {}
local position = nil
statuses = {}

function init(args)
  -- wrk passes the URL as args[0]; the paths after `--` follow from args[1].
  for i = 1, #args do
    paths[#paths + 1] = args[i]
  end
  if #paths == 0 then
    request = nil
    response = nil
  end
end

function request()
  if position == nil then
    -- `id` is set by setup() below, so threads start at different pages of the mix.
    position = (id or 0) % #paths
  end
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local codes = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses") or {}
    for status, count in pairs(counts) do
      codes[status] = (codes[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(codes) do
    parts[#parts + 1] = string.format('"%d": %d', status, count)
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"duration_us": %d, "requests": %d, "bytes": %d, "connect": %d, "read": %d, '
      .. '"write": %d, "timeout": %d, "status": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "statuses": {%s}}\n',
    summary.duration, summary.requests, summary.bytes, errors.connect, errors.read,
    errors.write, errors.timeout, errors.status, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, table.concat(parts, ", ")
  ))
end
