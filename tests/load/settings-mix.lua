-- wrk script: half PATCHes, half GETs of the calling settings of LOAD_APPS apps (ids from
-- LOAD_FIRST_APP), spread over both API prefixes and their two credential styles. Each PATCH
-- names itself ("load app=<id> t=<thread> s=<seq>"), so the store's final content can be checked
-- against what the load wrote: every answer carries the document it saw, and updatedAt grows on
-- every write, so the newest updatedAt seen per app is the last write that was acknowledged.
-- done() writes the figures and those observations to LOAD_OUT for the Node test to judge.

local first_app = tonumber(os.getenv("LOAD_FIRST_APP"))
local app_count = tonumber(os.getenv("LOAD_APPS"))
local out_file = os.getenv("LOAD_OUT")

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(7919 * tid)
  seq = 0
  writes, reads, not_2xx = 0, 0, 0
  newest = {}  -- appId -> "updatedAt\tname": the newest document any answer showed (flat
               -- strings: wrk copies a thread's tables to done() one level deep only)
  issued = {}  -- appId -> "|"-separated names of every PATCH sent (acknowledged or not)
end

local function settings_path(app, bearer)
  if bearer then return "/crm/extensions/calling/2026-03/" .. app .. "/settings" end
  return "/crm/v3/extensions/calling/" .. app .. "/settings?hapikey=load-key"
end

function request()
  seq = seq + 1
  local app = first_app + math.random(app_count) - 1
  local bearer = seq % 4 < 2
  local headers = { ["Content-Type"] = "application/json" }
  if bearer then headers["Authorization"] = "Bearer load-token" end
  if seq % 2 == 1 then
    writes = writes + 1
    local name = string.format("load app=%d t=%d s=%d", app, tid, seq)
    issued[app] = (issued[app] or "") .. "|" .. name
    local body = string.format('{"name":"%s","width":%d,"isReady":%s}', name, 200 + seq % 600, seq % 3 == 0 and "true" or "false")
    return wrk.format("PATCH", settings_path(app, bearer), headers, body)
  end
  reads = reads + 1
  return wrk.format("GET", settings_path(app, bearer), headers)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    not_2xx = not_2xx + 1
    return
  end
  local updated = body:match('"updatedAt":"([^"]+)"')
  local name = body:match('"name":"([^"]+)"')
  local app = name and tonumber(name:match("app=(%d+)"))
  if not (app and updated) then return end
  local seen = newest[app]
  if not seen or updated > seen:match("^[^\t]+") then newest[app] = updated .. "\t" .. name end
end

function done(summary, latency, requests)
  local out = assert(io.open(out_file, "w"))
  local e = summary.errors
  out:write(string.format("requests\t%d\nduration_us\t%d\nbytes\t%d\n", summary.requests, summary.duration, summary.bytes))
  out:write(string.format("errors\tconnect=%d read=%d write=%d status=%d timeout=%d\n", e.connect, e.read, e.write, e.status, e.timeout))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do out:write(string.format("p%s_us\t%d\n", p, latency:percentile(p))) end
  out:write(string.format("max_us\t%d\nmean_us\t%.0f\n", latency.max, latency.mean))
  for _, thread in ipairs(threads) do
    out:write(string.format("thread\t%d\twrites=%d reads=%d not_2xx=%d\n", thread:get("tid"), thread:get("writes"), thread:get("reads"), thread:get("not_2xx")))
    for app, seen in pairs(thread:get("newest")) do out:write(string.format("newest\t%d\t%s\n", app, seen)) end
    for app, names in pairs(thread:get("issued")) do out:write(string.format("issued\t%d\t%s\n", app, names)) end
  end
  out:close()
end
