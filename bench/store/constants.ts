// Shared by the store benchmark and its server child (importing the child's module would start a server).
export const STORE_MEETING = 'bench-store';
