// Replaced below by the real setup (engine, Jupyter venv); PS_SETUP=skip lets a developer
// run unit/emulator tests while those are still building.
export default async function globalSetup(): Promise<void> {}
