using QDeviceLab.Cli;

return await QdlabCommand.InvokeAsync(args).ConfigureAwait(false);
