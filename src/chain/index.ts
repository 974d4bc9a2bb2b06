// src/chain: the PlexAi contracts' ABIs and bytecode (generated, see artifacts/), typed ethers v6
// bindings, and the deploy routine. Runs under plain Node; imports only packages (and src/common).
export * from './artifacts';
export * from './typed';
export * from './contracts';
export * from './deploy';
