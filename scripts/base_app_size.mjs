// Prints the base app's and the whole package's shipped size (esbuild, minified, gzip), as the size test measures them.
// Run from the project root: node --import tsx scripts/base_app_size.mjs
const { shippedBytes } = await import(`${process.cwd()}/bench/lib/size.ts`);
const { BASE_APP, WHOLE_APP, CORE_ONLY_APP } = await import(`${process.cwd()}/bench/lib/size_parts.ts`);
const [base, whole, core] = await Promise.all([shippedBytes(BASE_APP), shippedBytes(WHOLE_APP), shippedBytes(CORE_ONLY_APP)]);
console.log(`base_app_gzip_bytes ${base.gzip}  bundle_gzip_bytes ${whole.gzip}  core_only_gzip_bytes ${core.gzip}`);
