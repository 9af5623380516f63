import type { HomeService } from '../home/home-service.js';
import type { RelevanceService } from '../relevance/relevance-service.js';
import type { ChangeListener } from './change-bus.js';
import type { ChangeMessage } from './messages.js';

/**
 * How a gateway follows changes made by other processes: each message reloads just what it names
 * from the database; a resync (after missed messages) reloads everything that can change.
 */
export function applyChanges(home: HomeService, relevance: RelevanceService): ChangeListener {
  return {
    async message(message: ChangeMessage) {
      switch (message.kind) {
        case 'interactions': {
          // Cached states are dropped rather than appended to: the next page reads the committed
          // history once, and an event can never be counted twice in it.
          for (const userId of new Set(message.events.map((e) => e.userId))) home.shoppers.forget(userId);
          home.interactionsRecorded(
            message.events.map((e) => ({ userId: e.userId, productId: e.productId, type: e.type, occurredAt: new Date(e.occurredAt), context: { region: e.region } })),
          );
          return;
        }
        case 'model-activated':
          return relevance.refresh();
        case 'products-changed':
          await home.productsChanged(message.productIds);
          return relevance.itemsChanged(message.productIds);
        case 'merchandising-changed':
          if (message.part === 'rules') return home.reloadRules();
          if (message.part === 'collections') return home.reloadCollections();
          return home.forgetConfig(message.name);
        case 'shoppers-forgotten':
          for (const userId of message.shopperIds) home.shoppers.forget(userId);
          return;
      }
    },
    async resync() {
      home.shoppers.clear();
      home.forgetConfig();
      await Promise.all([relevance.refresh(), home.catalog.refreshChanged(), home.reloadRules(), home.reloadCollections()]);
    },
  };
}
