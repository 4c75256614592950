// fake-indexeddb must be installed before Dexie is first imported.
import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
