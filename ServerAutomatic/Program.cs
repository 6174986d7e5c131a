using InstrumentationModes.ServerCore;

var builder = ServerApp.CreateBuilder(args);

var app = builder.Build();
app.MapServerRequestEndpoints();
app.Run();
