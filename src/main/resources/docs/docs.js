// Swagger UI over Tally's own OpenAPI document; "Authorize" takes an API key (or the admin token) as bearer.
window.ui = SwaggerUIBundle({
  url: "/openapi.yml",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
});
