-- wrk: cycle over the public pages given as arguments (scripts/fault_load.sh).
local pages, i = {}, 0
function init(args) for _, page in ipairs(args) do pages[#pages + 1] = page end end
function request()
  i = i % #pages + 1
  return wrk.format("GET", pages[i])
end
