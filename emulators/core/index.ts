export * from "./clock";
export * from "./server";
export * from "./types";
