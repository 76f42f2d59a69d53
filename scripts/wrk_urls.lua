-- wrk script for scripts/bench.py --load --publish: many URLs spread over the connections, and the
-- same `WRK_JSON {...}` line as scripts/wrk_report.lua.
--
--   wrk -t2 -c64 -d10s --latency -s scripts/wrk_urls.lua http://127.0.0.1:8700 -- 64 2 / /blog/ ...
--
-- The first two arguments after `--` are the numbers of connections and threads given to wrk (it
-- does not tell its script); the paths follow. Each connection should cycle through the list from its own offset, so that at any
-- moment the requests in flight ask for pages spread over the whole list rather than for the same
-- few. wrk's request() is not told which connection it is building a request for, so each thread
-- keeps one cursor per connection it has (wrk gives each thread connections / threads of them) and
-- uses them in turn: connection k of the run starts at path k * #paths / connections and steps one
-- path at a time. Connections of a thread answer at much the same pace, so taking the cursors in
-- turn comes to the same as one cursor per connection; every path is asked for equally often.

local connections = 1
local thread_count = 1
local paths = {}
local cursors = nil
local turn = 0
statuses = {}

function init(args)
  -- wrk passes the URL as args[0]; the script's arguments follow from args[1].
  connections = math.max(1, tonumber(args[1]) or 1)
  thread_count = math.max(1, tonumber(args[2]) or 1)
  for i = 3, #args do
    paths[#paths + 1] = args[i]
  end
  if #paths == 0 then
    error("wrk_urls.lua: give the connections, the threads, then at least one path, after `--`")
  end
end

local function make_cursors()
  -- `id` is set by setup() below, before the thread runs.
  local per_thread = math.max(1, math.floor(connections / thread_count))
  local list = {}
  for k = 0, per_thread - 1 do
    local connection = (id or 0) * per_thread + k
    -- The position before the first path this connection asks for (request() steps first).
    list[#list + 1] = math.floor(connection * #paths / connections) % #paths
  end
  return list
end

function request()
  if cursors == nil then
    cursors = make_cursors()
  end
  turn = turn % #cursors + 1
  local position = cursors[turn] % #paths + 1
  cursors[turn] = position
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
