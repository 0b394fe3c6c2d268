-- wrk script: POST a new Bucket per request, each with a unique name, to the resource API.
-- Usage: TOKEN=... wrk -t2 -c16 -d10s -s create-buckets.lua https://127.0.0.1:PORT
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("TOKEN")
  prefix = os.getenv("PREFIX") or "w"
end

function request()
  counter = counter + 1
  local name = prefix .. "-" .. tid .. "-" .. counter
  local body = '{"apiVersion":"s3aas.exordos.io/v1alpha1","kind":"Bucket","metadata":{"name":"' .. name ..
      '","labels":{"bench":"yes"}},"spec":{"instanceRef":"data","versioning":true}}'
  return wrk.format("POST", "/apis/s3aas.exordos.io/v1alpha1/namespaces/default/buckets",
      {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
