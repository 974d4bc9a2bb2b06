import type {
  BaseContract,
  ContractRunner,
  ContractTransaction,
  ContractTransactionResponse,
  Overrides,
} from 'ethers';

/** A method's arguments, optionally followed by transaction overrides. */
export type MethodArgs<A extends unknown[]> = A | [...A, Overrides];

/** State mutability as the ABI states it. */
export type Mutability = 'view' | 'pure' | 'nonpayable' | 'payable';

/**
 * One contract method as ethers v6 exposes it: calling it reads (view, pure) or sends a
 * transaction (nonpayable, payable); `staticCall` simulates and returns the decoded result.
 */
export interface TypedMethod<A extends unknown[], R, M extends Mutability> {
  (...args: MethodArgs<A>): Promise<M extends 'view' | 'pure' ? R : ContractTransactionResponse>;
  staticCall(...args: MethodArgs<A>): Promise<R>;
  estimateGas(...args: MethodArgs<A>): Promise<bigint>;
  populateTransaction(...args: MethodArgs<A>): Promise<ContractTransaction>;
  send(...args: MethodArgs<A>): Promise<ContractTransactionResponse>;
}

/** An ethers contract instance whose methods are typed from the ABI. */
export type TypedContract<M> = Omit<BaseContract, 'connect' | 'attach'> &
  M & {
    connect(runner: ContractRunner | null): TypedContract<M>;
    attach(target: string): TypedContract<M>;
  };
