using QDeviceLab.Compatibility;

// run FEATURES_DIR SAMPLE OUT.ndjson [--order defined|reverse|random:SEED]
//   runs one kit sample (FEATURES_DIR/SAMPLE/*.feature) and writes our messages.ndjson
// validate SCHEMA.json FILE.ndjson...
//   checks every envelope of every file against the Cucumber Messages JSON schema
if (args.Length is 4 or 6 && args[0] == "run")
{
    var order = args.Length == 6 && args[4] == "--order" ? args[5] : "defined";
    await KitSample.RunAsync(args[1], args[2], args[3], order);
    return 0;
}

if (args.Length >= 3 && args[0] == "validate")
{
    return MessageSchema.Validate(args[1], args[2..]) ? 0 : 1;
}

Console.Error.WriteLine("usage: run FEATURES_DIR SAMPLE OUT.ndjson [--order ORDER] | validate SCHEMA.json FILE.ndjson...");
return 2;
