/** Vite's `?url` imports: the URL the built file is served from. */
declare module '*?url' {
  const url: string;
  export default url;
}
