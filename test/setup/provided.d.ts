/** Values the vitest global setups provide to the test files (`inject('…')`). */
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    postgresVersion: string;
    kafkaBrokers: string;
    kafkaVersion: string;
  }
}
