-- wrk -s bench/wrk_vary.lua: every request differs in something the page cache must ignore.
-- WRK_VARY=query appends a new unknown parameter (?utm_source=N, as messengers add);
-- WRK_VARY=host sends a new Host header (another port, case or a trailing dot).
-- The summary line comes from the script named by WRK_SUMMARY (bench/wrk_summary.lua).
local mode = os.getenv("WRK_VARY") or "query"
local hosts = { "127.0.0.1:%d", "LocalHost:%d", "localhost.:%d" }
local counter = 0

request = function()
  counter = counter + 1
  if mode == "host" then
    local host = string.format(hosts[counter % #hosts + 1], 1 + counter % 60000)
    return wrk.format("GET", wrk.path, { ["Host"] = host })
  end
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", wrk.path .. separator .. "utm_source=" .. counter)
end

dofile(os.getenv("WRK_SUMMARY"))
