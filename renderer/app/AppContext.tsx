// Hands the store and the controller to every screen without prop drilling.
import { createContext, useContext } from 'react';
import type { Platform } from '../platform/Platform.ts';
import type { Controller } from './controller.ts';
import type { AppState } from './state.ts';
import { useAppState, type Store } from './store.ts';

export interface AppServices {
  readonly store: Store;
  readonly controller: Controller;
  readonly platform: Platform;
}

export const AppContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('AppContext is missing');
  return services;
}

export function useSelector<T>(select: (s: AppState) => T): T {
  return useAppState(useServices().store, select);
}

export function useController(): Controller {
  return useServices().controller;
}
