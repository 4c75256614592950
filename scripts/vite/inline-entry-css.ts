import type { Plugin } from 'vite';

/**
 * The app's own stylesheet (the global look and the shell's components, ~10 KB, ~3 KB gz) goes
 * into index.html as a <style>: the boot shell then paints from the HTML alone, one round trip
 * sooner than behind a separate render-blocking request (each costs a whole round trip on a
 * 3G link, 400 ms and more). The CSP allows inline styles already (Svelte sets style
 * attributes). Lazy screens keep their own stylesheets.
 *
 * Done before Vite writes index.html and the lazy chunks' preload lists (generateBundle, first):
 * the stylesheet leaves the entry chunk's list of imported CSS, so index.html gets no <link> to
 * it and no lazy screen lists it among what to load before it opens. (Listed, the file would be
 * missing, the screen's import would fail, and the screen would not open.) The file itself is
 * dropped from the output, so nothing precaches it twice.
 */
export function inlineEntryCss(): Plugin {
  let css = '';
  return {
    name: 'lumbung:inline-entry-css',
    apply: 'build',
    generateBundle: {
      order: 'pre',
      handler(_options, bundle) {
        css = '';
        for (const chunk of Object.values(bundle)) {
          if (chunk.type !== 'chunk' || !chunk.isEntry || !chunk.facadeModuleId?.endsWith('index.html'))
            continue;
          const imported = chunk.viteMetadata?.importedCss;
          if (!imported) continue;
          for (const fileName of imported) {
            const asset = bundle[fileName];
            if (asset?.type !== 'asset') continue;
            css += typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
            delete bundle[fileName];
            imported.delete(fileName);
          }
        }
      },
    },
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        if (!css) return html;
        return { html, tags: [{ tag: 'style', children: css, injectTo: 'head' }] };
      },
    },
  };
}
