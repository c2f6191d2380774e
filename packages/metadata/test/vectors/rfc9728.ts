import type { ProtectedResourceMetadata } from '@mcp-oauth/metadata';

// RFC 9728 §3.1 (well-known URL), §3.2 (example response), §5.1 (WWW-Authenticate example).
export const wellKnown = {
  resource: 'https://resource.example.com/resource1',
  url: 'https://resource.example.com/.well-known/oauth-protected-resource/resource1',
} as const;

export const exampleMetadata: ProtectedResourceMetadata = {
  resource: 'https://resource.example.com',
  authorization_servers: ['https://as1.example.com', 'https://as2.example.net'],
  bearer_methods_supported: ['header', 'body'],
  scopes_supported: ['profile', 'email', 'phone'],
  resource_documentation: 'https://resource.example.com/resource_documentation.html',
};

export const challenge =
  'Bearer resource_metadata="https://resource.example.com/.well-known/oauth-protected-resource"';
