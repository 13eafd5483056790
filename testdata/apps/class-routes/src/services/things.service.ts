import ThingsRepository from '../repositories/things.repository';

export default class ThingsService {
  private repo = new ThingsRepository();

  async update(id: string, changes: Record<string, unknown>, owner: string) {
    return this.repo.update(id, changes, owner);
  }

  async find(id: string) {
    return this.repo.find(id);
  }
}
