-- Plugin-free LSP setup for Neovim 0.7+ (vim.lsp.start_client + buf_attach_client; vim.lsp.start is 0.8+).
local server = os.getenv('LSP_SERVER')
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'toml', 'esql', 'eql', 'kql' },
  callback = function(args)
    local root = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ':p:h')
    local id = vim.lsp.start_client({ name = 'esql-lint', cmd = { 'node', server, '--stdio' }, root_dir = root })
    vim.lsp.buf_attach_client(args.buf, id)
  end,
})
