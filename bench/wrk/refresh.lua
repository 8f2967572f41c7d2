-- wrk script: the refresh grant with rotation. Every request spends one refresh token and every
-- answer brings the next one back into the pool, so each token is used once, as a client with
-- rotation would. The pool must hold more tokens than there are connections.
--   WRK_TOKENS  file with one refresh token per line
--   WRK_AUTH    optional Authorization header value
--   WRK_EXTRA   optional extra form fields, starting with "&"
local pool = {}
local auth = os.getenv("WRK_AUTH")
local extra = os.getenv("WRK_EXTRA") or ""

function init(args)
  for line in io.lines(os.getenv("WRK_TOKENS")) do
    if line ~= "" then
      pool[#pool + 1] = line
    end
  end
end

function request()
  local token = table.remove(pool) or "pool-exhausted"
  local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
  if auth and auth ~= "" then
    headers["Authorization"] = auth
  end
  return wrk.format("POST", nil, headers, "grant_type=refresh_token&refresh_token=" .. token .. extra)
end

function response(status, headers, body)
  local token = body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if token then
    pool[#pool + 1] = token
  end
end
