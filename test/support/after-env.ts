import { removeTempDirs } from "./tmp";

// Every test file: the temp dirs it made through tempDir() go when it ends, passed or failed.
afterAll(removeTempDirs);
