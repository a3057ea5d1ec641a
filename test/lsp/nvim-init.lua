-- Headless Neovim session for test/lsp/neovim.test.ts.
-- Opens POLICY_FILE, attaches the policy language server, makes a bad edit,
-- waits for the diagnostics, asks for completions and a hover, and writes
-- what it got to POLICY_NVIM_OUT as JSON. Works with Neovim 0.7 (Debian 12's
-- package: vim.lsp.start_client + buf_attach_client) and 0.8+ (vim.lsp.start).
local out_path = vim.env.POLICY_NVIM_OUT
local result = { errors = {} }

local function finish()
  local f = io.open(out_path, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in pairs(get_clients()) do
    vim.lsp.stop_client(client.id)
  end
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.POLICY_FILE))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'policy'

  local config = {
    name = 'policy',
    cmd = { vim.env.POLICY_NODE, vim.env.POLICY_BIN, '--stdio' },
    root_dir = vim.fn.fnamemodify(vim.env.POLICY_FILE, ':h'),
    init_options = { diagnosticsDelay = 20 },
  }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config)
  else
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, client_id)
  end
  result.client_id = client_id
  result.nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch)

  local initialized = vim.wait(30000, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.server_capabilities ~= nil and next(client.server_capabilities) ~= nil
  end, 50)
  result.initialized = initialized
  if not initialized then
    error('the language server did not initialize')
  end

  -- The bad edit: the fund line given by the test is replaced with a misspelt fund.
  local line = tonumber(vim.env.POLICY_EDIT_LINE)
  vim.api.nvim_buf_set_lines(buf, line, line + 1, false, { vim.env.POLICY_EDIT_TEXT })

  result.got_diagnostics = vim.wait(30000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then
      code = d.user_data.lsp.code
    end
    table.insert(result.diagnostics, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      message = d.message,
      code = code,
    })
  end

  local uri = vim.uri_from_bufnr(buf)
  local position = { line = tonumber(vim.env.POLICY_COMPLETE_LINE), character = tonumber(vim.env.POLICY_COMPLETE_CHAR) }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/completion', { textDocument = { uri = uri }, position = position }, 20000)
  result.completions = {}
  for _, response in pairs(responses or {}) do
    if response.err then
      table.insert(result.errors, vim.inspect(response.err))
    end
    local items = response.result or {}
    if items.items then
      items = items.items
    end
    for _, item in ipairs(items) do
      table.insert(result.completions, item.label)
    end
  end

  local hovers = vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = position }, 20000)
  for _, response in pairs(hovers or {}) do
    if response.result and response.result.contents then
      result.hover = response.result.contents.value
    end
  end
end)

if not ok then
  table.insert(result.errors, tostring(err))
end
finish()
