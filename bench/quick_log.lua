-- wrk script for the quick-log POST on Today, sent as htmx sends it.
--
--   wrk ... -s bench/quick_log.lua http://127.0.0.1:8765/ -- "<cookie header>" <csrf token> <first> <last>
--
-- Every request carries a fresh idempotency key (thread number + counter, so
-- keys never repeat across wrk's threads) and the CSRF token in both the header
-- htmx sends and the form field. Each win goes to a random earlier day, between
-- <first> and <last> days ago (the form's "Another day?"), so the person's
-- Today list keeps its real size during the run instead of growing by
-- thousands of wins; the work per request is the same as for today.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local counter = 0
local stamp = os.time()
local cookie, csrf, first, last

function init(args)
  cookie = args[1]
  csrf = args[2]
  first = tonumber(args[3]) or 60
  last = tonumber(args[4]) or 1500
  math.randomseed(stamp * 31 + id)
end

function request()
  counter = counter + 1
  local key = string.format("%08x-%04x-4000-8000-%012x", stamp % 4294967296, id, counter)
  local day = os.date("!%Y-%m-%d", os.time() - 86400 * math.random(first, last))
  local body = "csrfmiddlewaretoken=" .. csrf
    .. "&idempotency_key=" .. key
    .. "&text=Went+for+a+short+walk+at+lunch"
    .. "&category=body-health&mood=4"
    .. "&occurred_on=" .. day
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
    ["HX-Request"] = "true",
    ["X-CSRFToken"] = csrf,
  }
  return wrk.format("POST", "/", headers, body)
end
