-- After the file is loaded: wait for diagnostics, ask for completion at LSP_LINE/LSP_CHARACTER (0-based),
-- write what the editor got as JSON to NVIM_OUT, quit.
local out = os.getenv('NVIM_OUT')
local got = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20)
local diags = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(diags, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    severity = d.severity, message = d.message, source = d.source, code = code })
end
local params = { textDocument = vim.lsp.util.make_text_document_params(0),
  position = { line = tonumber(os.getenv('LSP_LINE')), character = tonumber(os.getenv('LSP_CHARACTER')) } }
local resp = vim.lsp.buf_request_sync(0, 'textDocument/completion', params, 10000)
local items = {}
for _, r in pairs(resp or {}) do
  for _, it in ipairs(r.result and (r.result.items or r.result) or {}) do
    table.insert(items, { label = it.label, detail = it.detail, textEdit = it.textEdit })
  end
end
-- Semantic tokens: Neovim 0.9+ colours with them itself; on 0.7 we ask for them as a plugin would.
local client_caps = {}
for _, c in pairs(vim.lsp.buf_get_clients(0)) do client_caps = c.server_capabilities or c.resolved_capabilities or {} end
local tokens = vim.lsp.buf_request_sync(0, 'textDocument/semanticTokens/full',
  { textDocument = vim.lsp.util.make_text_document_params(0) }, 10000)
local token_data = {}
for _, r in pairs(tokens or {}) do token_data = (r.result and r.result.data) or token_data end
local provider = client_caps.semanticTokensProvider
vim.fn.writefile({ vim.fn.json_encode({ nvim = vim.version(), filetype = vim.bo.filetype,
  got_diagnostics = got, diagnostics = diags, completion = items,
  semantic_tokens = { legend = provider and provider.legend or vim.NIL, data = token_data } }) }, out)
for _, c in pairs(vim.lsp.get_active_clients()) do c.stop() end
vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 20)
vim.cmd('qa!')
