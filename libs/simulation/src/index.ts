// Rule-set simulation and backtest (issue #12): what a draft would change, measured on the stored population.
export {};
