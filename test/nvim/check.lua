-- Neovim (0.7+) as a third-party LSP client of the Migration Guard server.
--
-- Run headless by test/protocol/neovim.test.ts:
--   nvim --headless --clean -u NONE -i NONE -n -c 'luafile test/nvim/check.lua'
-- Environment:
--   MG_SERVER       path of dist/server.js (started as `node <MG_SERVER> --stdio`)
--   MG_ROOT         workspace root (rootUri / workspace folder)
--   MG_FILE         the migration file to open
--   MG_OUT          where to write the JSON result
--   MG_HOVER_LINE   0-based line to hover (default: start of the first diagnostic, else 0)
--   MG_HOVER_COL    0-based column to hover (default: as above)
--   MG_TIMEOUT_MS   how long to wait for diagnostics (default 15000)
--   MG_NODE         node executable (default "node")
--
-- Writes { diagnostics, published, hover, codeActions, exit, errors } to
-- MG_OUT, then quits: exit code 0 when the script ran to the end (the test judges the
-- content), non-zero when it could not (the JSON still says why, if it could be written).

local out_path = os.getenv('MG_OUT')
local result = { errors = {} }
local started = vim.loop.hrtime()

local function elapsed_ms()
  return math.floor((vim.loop.hrtime() - started) / 1e6)
end

local function write_result()
  if not out_path then
    io.stderr:write('MG_OUT is not set\n')
    return
  end
  result.elapsedMs = elapsed_ms()
  vim.fn.writefile({ vim.json.encode(result) }, out_path)
end

local function fail(code, message)
  table.insert(result.errors, message)
  pcall(write_result)
  io.stderr:write('check.lua: ' .. message .. '\n')
  vim.cmd('cquit! ' .. code)
end

local function env(name)
  local v = os.getenv(name)
  if v == nil or v == '' then
    error(name .. ' is not set', 0)
  end
  return v
end

local function main()
  local server = env('MG_SERVER')
  local root = env('MG_ROOT')
  local file = env('MG_FILE')
  env('MG_OUT')
  local timeout = tonumber(os.getenv('MG_TIMEOUT_MS') or '') or 15000
  local node = os.getenv('MG_NODE') or 'node'

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'sql'
  local uri = vim.uri_from_bufnr(buf)

  -- Keep the raw LSP diagnostics of every publish for our file, then let Neovim's own
  -- handler turn them into vim.diagnostic entries, as it does for any user.
  local publishes = 0
  local last_published = nil
  local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  local exit_info = nil

  local client_id = vim.lsp.start_client({
    name = 'migration-guard',
    cmd = { node, server, '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
    settings = { migrationGuard = { pgVersion = 15 } },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, res, ctx, config)
        if res and res.uri == uri then
          publishes = publishes + 1
          last_published = res.diagnostics
        end
        return default_publish(err, res, ctx, config)
      end,
    },
    on_exit = function(code, signal)
      exit_info = { code = code, signal = signal }
    end,
  })
  if not client_id then
    error('vim.lsp.start_client returned nil', 0)
  end
  if not vim.lsp.buf_attach_client(buf, client_id) then
    error('vim.lsp.buf_attach_client failed', 0)
  end

  local initialized = vim.wait(timeout, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return (c ~= nil and c.initialized) or exit_info ~= nil
  end, 10)
  if exit_info then
    error(('server exited during start-up (code %s, signal %s)'):format(exit_info.code, exit_info.signal), 0)
  end
  if not initialized then
    error('server did not answer initialize within ' .. timeout .. ' ms', 0)
  end
  local client = vim.lsp.get_client_by_id(client_id)
  result.hoverProvider = client.server_capabilities and client.server_capabilities.hoverProvider or false

  -- Wait for a publish for our file that carries diagnostics (a server may publish an
  -- empty set first), then a short quiet period so a follow-up publish is not missed.
  local got = vim.wait(timeout, function()
    return (last_published ~= nil and #last_published > 0) or exit_info ~= nil
  end, 10)
  if exit_info then
    error(('server exited (code %s, signal %s) before publishing diagnostics'):format(exit_info.code, exit_info.signal), 0)
  end
  if not got then
    table.insert(result.errors, ('no non-empty publishDiagnostics for %s within %d ms (%d publishes seen)'):format(uri, timeout, publishes))
  end
  local count = publishes
  vim.wait(200, function()
    return publishes ~= count
  end, 10)

  result.publishes = publishes
  result.published = last_published or {}
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.diagnostics, {
      code = d.code,
      source = d.source,
      severity = d.severity,
      message = d.message,
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
    })
  end
  table.sort(result.diagnostics, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    if a.col ~= b.col then return a.col < b.col end
    return tostring(a.code) < tostring(b.code)
  end)

  -- Hover at the requested position, or at the start of the first diagnostic.
  local first = result.diagnostics[1]
  local line = tonumber(os.getenv('MG_HOVER_LINE') or '') or (first and first.lnum) or 0
  local col = tonumber(os.getenv('MG_HOVER_COL') or '') or (first and first.col) or 0
  result.hoverPosition = { line = line, character = col }
  local hover_params = { textDocument = { uri = uri }, position = { line = line, character = col } }
  local responses, herr = vim.lsp.buf_request_sync(buf, 'textDocument/hover', hover_params, 5000)
  if not responses then
    table.insert(result.errors, 'hover request failed: ' .. tostring(herr))
  else
    local r = responses[client_id]
    if r and r.error then
      table.insert(result.errors, 'hover error: ' .. vim.json.encode(r.error))
    elseif r and r.result and r.result ~= vim.NIL then
      local contents = r.result.contents
      if type(contents) == 'table' and contents.value then
        result.hover = contents.value
        result.hoverKind = contents.kind
      else
        result.hover = table.concat(vim.lsp.util.convert_input_to_markdown_lines(contents), '\n')
      end
    end
  end

  -- Code actions for the published diagnostics, the way `vim.lsp.buf.code_action()` asks.
  result.codeActions = {}
  if last_published and #last_published > 0 then
    local d = last_published[1]
    local params = {
      textDocument = { uri = uri },
      range = d.range,
      context = { diagnostics = last_published },
    }
    local cas, cerr = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 5000)
    if not cas then
      table.insert(result.errors, 'codeAction request failed: ' .. tostring(cerr))
    else
      local r = cas[client_id]
      if r and r.error then
        table.insert(result.errors, 'codeAction error: ' .. vim.json.encode(r.error))
      elseif r and type(r.result) == 'table' then
        for _, a in ipairs(r.result) do
          table.insert(result.codeActions, { title = a.title, kind = a.kind, isPreferred = a.isPreferred == true, hasEdit = a.edit ~= nil })
        end
      end
    end
  end

  -- Orderly shutdown: shutdown request + exit notification, then wait for the process.
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function()
    return exit_info ~= nil
  end, 10)
  result.exit = exit_info or vim.NIL
  if not exit_info then
    table.insert(result.errors, 'server did not exit within 5 s of shutdown')
    vim.lsp.stop_client(client_id, true)
  end
end

-- A watchdog, in case something above blocks without a timeout of its own.
local watchdog_ms = (tonumber(os.getenv('MG_TIMEOUT_MS') or '') or 15000) * 3
vim.defer_fn(function()
  fail(3, 'watchdog: check.lua did not finish within ' .. watchdog_ms .. ' ms')
end, watchdog_ms)

local ok, err = pcall(main)
if not ok then
  fail(2, tostring(err))
else
  write_result()
  vim.cmd('qall!')
end
