/**
 * The module cache: which module a policy's code source means, when to fetch it again, and the
 * size-bounded directory of verified modules it is served from.
 */
package dev.attache.wasm.cache;
