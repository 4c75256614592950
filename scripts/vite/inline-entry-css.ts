import type { Plugin } from 'vite';

/**
 * The app's own stylesheet (the global look and the shell's components, ~10 KB, ~3 KB gz) goes
 * into index.html as a <style>: the boot shell then paints from the HTML alone, one round trip
 * sooner than behind a separate render-blocking request (each costs a whole round trip on a
 * 3G link, 400 ms and more). The CSP allows inline styles already (Svelte sets style
 * attributes). The file itself is dropped from the output, so nothing precaches it twice. Lazy
 * screens keep their own stylesheets.
 */
export function inlineEntryCss(): Plugin {
  return {
    name: 'lumbung:inline-entry-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        return html.replace(
          /<link rel="stylesheet"(?: crossorigin)? href="\/(assets\/[^"]+\.css)">/g,
          (tag, fileName: string) => {
            const asset = bundle[fileName];
            if (asset?.type !== 'asset') return tag;
            const css =
              typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
            delete bundle[fileName];
            return `<style>${css}</style>`;
          },
        );
      },
    },
  };
}
