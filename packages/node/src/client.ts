// Client-side helpers (startLoopbackReceiver, fileTokenStore, openBrowser): see issue 6.
export {};
