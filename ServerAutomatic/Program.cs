var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = ServerEndpoints.MaxRequestLineBytes);

var app = builder.Build();
app.MapServerEndpoints();
app.Run();
