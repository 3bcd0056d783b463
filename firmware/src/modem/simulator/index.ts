// The modem simulator (dev and tests) and its pty pair.
export { BOOT_LINES, ModemSimulator, type ModemSimulatorOptions, type SentMessage, type SimState } from './modem-simulator.js';
export { allHabits, NO_HABITS, seededRandom, type SimulatorHabits } from './sim-habits.js';
export { createPtyPair, type PtyPair, type PtyPairOptions } from './pty-pair.js';
export { SimStore, tpduLength, type MessageStat, type StoredMessage } from './sim-store.js';
export { startSimulatedModem, type SimulatedModemHandle, type SimulatedModemOptions } from './simulated-modem.js';
export { AnalogModemSimulator, formattedBlock, startSimulatedAnalogModem, type AnalogCaller, type SimulatedAnalogModemHandle } from './analog-simulator.js';
