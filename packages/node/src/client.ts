// Client-side helpers (issue 6): loopback redirect receiver, file token store, safe browser opener.
export { startLoopbackReceiver, type LoopbackReceiver, type LoopbackReceiverOptions } from './client/start-loopback-receiver';
export { fileTokenStore, tokenFileName, type FileTokenStoreOptions } from './client/file-token-store';
export { openBrowser, type OpenBrowserOptions } from './client/open-browser';
