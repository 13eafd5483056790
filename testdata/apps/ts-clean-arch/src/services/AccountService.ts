import type { AccountRepository, Device, Profile } from '@app/infra/AccountRepository';

export class ValidationError extends Error {}

export class AccountService {
  constructor(private readonly accounts: AccountRepository) {}

  profile(userId: string): Promise<Profile | undefined> {
    return this.accounts.getProfile(userId);
  }

  async updateProfile(userId: string, changes: Record<string, unknown>): Promise<void> {
    if (Object.keys(changes).length === 0) {
      throw new ValidationError('nothing to update');
    }
    await this.accounts.updateProfile(userId, changes);
  }

  registerDevice(userId: string, device: Device): Promise<void> {
    return this.accounts.putDevice(userId, device);
  }
}
