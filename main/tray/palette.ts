/** Tray states and their colours, shared by the tray and the icon generator in resources/icons. */
export const TRAY_STATES = ['mining', 'waiting', 'paused'] as const;
export type TrayStateName = (typeof TRAY_STATES)[number];

export const trayColors: Record<TrayStateName, string> = {
  mining: '#21b66f',
  waiting: '#f0a92e',
  paused: '#8a8f9c',
};
