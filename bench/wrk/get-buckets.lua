-- wrk script: GET existing Buckets w-1-1 .. w-1-N (created by create-buckets.lua with one thread).
-- Usage: TOKEN=... COUNT=N wrk -t2 -c16 -d10s -s get-buckets.lua https://127.0.0.1:PORT
function init(args)
  token = os.getenv("TOKEN")
  count = tonumber(os.getenv("COUNT") or "1000")
  math.randomseed(os.time())
end

function request()
  local name = "w-1-" .. math.random(1, count)
  return wrk.format("GET", "/apis/s3aas.exordos.io/v1alpha1/namespaces/default/buckets/" .. name,
      {["Authorization"] = "Bearer " .. token})
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
