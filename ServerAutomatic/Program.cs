var builder = WebApplication.CreateBuilder(args);
builder.AddServerEndpoints();

var app = builder.Build();
app.MapServerEndpoints();
app.Run();
