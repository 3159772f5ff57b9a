export { i18n, STORAGE_KEY } from "./i18n.svelte";
export { messages, LANGS, type Messages } from "./messages";
export * from "./format";
