package ids

var defaultTenantID = "5f0c1b2e-8a4d-4c6e-9b1a-2d3e4f5a6b7c"
var requestKey = ctxKey("request")
