// The pure audio layer: typed arrays in, typed arrays out; no bindings, no I/O, no clocks of its own.
export * from "./mulaw";
export * from "./fir";
export * from "./resample";
export * from "./vad";
export * from "./dtmf";
export * from "./wav";
export * from "./track";
export * from "./frames";
