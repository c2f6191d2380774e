// Server-side adapters (toWebRequest, toNodeHandler): see issue 5.
export {};
