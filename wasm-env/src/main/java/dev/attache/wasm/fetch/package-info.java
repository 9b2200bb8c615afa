/**
 * Getting bytes from a source within limits: HTTP(S) with connect and read timeouts, a deadline
 * per pull, a size limit, retries with backoff, into temporary files hashed as they are written.
 */
package dev.attache.wasm.fetch;
