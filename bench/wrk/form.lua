-- wrk script: POST the same form body on every request.
--   WRK_BODY  the x-www-form-urlencoded body
--   WRK_AUTH  optional Authorization header value
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local auth = os.getenv("WRK_AUTH")
if auth and auth ~= "" then
  wrk.headers["Authorization"] = auth
end
