package store

import (
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"wardpanel/model"
)

func noAsset(id model.ID) error { return fail(model.ErrNotFound, "community asset %d not found", id) }

// visibleAsset loads asset id and checks that u may change it.
func visibleAsset(tx *bolt.Tx, u model.User, id model.ID) (model.Asset, error) {
	a, err := visibleRecord(tx, bucketAssets, id, func(model.Asset) bool { return true }, noAsset)
	if err != nil {
		return model.Asset{}, err
	}
	return a, hidden(model.CheckChangeAsset(u, a), noAsset(id))
}

// EditAsset renames community asset id and sets its themes
// (model.CheckChangeAsset), with its audit entry.
func (s *Store) EditAsset(by model.Actor, id model.ID, name string, themes []string) (model.Asset, error) {
	var a model.Asset
	err := s.change("edit a community asset", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		var err error
		if a, err = visibleAsset(tx, by.User, id); err != nil {
			return model.AuditEntry{}, err
		}
		old := a.Name
		a.Name, a.Themes = name, slices.Clone(themes)
		if err := a.Validate(); err != nil {
			return model.AuditEntry{}, err
		}
		if err := putAsset(tx, a); err != nil {
			return model.AuditEntry{}, err
		}
		return assetEntry(model.AuditAssetEdit, a, fmt.Sprintf("asset %d %q (was %q), themes %s", a.ID, a.Name, old, strings.Join(a.Themes, ","))), nil
	})
	if err != nil {
		return model.Asset{}, err
	}
	return a, nil
}

// RemoveAsset takes community asset id off the register
// (model.CheckChangeAsset); the session line it was recorded from stays,
// no longer marked as an asset.
func (s *Store) RemoveAsset(by model.Actor, id model.ID) (model.Asset, error) {
	var a model.Asset
	err := s.change("remove a community asset", by, func(tx *bolt.Tx, now time.Time) (model.AuditEntry, error) {
		var err error
		if a, err = visibleAsset(tx, by.User, id); err != nil {
			return model.AuditEntry{}, err
		}
		if err := tx.Bucket(bucketAssets).Delete(u64(uint64(a.ID))); err != nil {
			return model.AuditEntry{}, err
		}
		if err := tx.Bucket(bucketAssetsByWard).Delete(wardIndexKey(a.Ward, uint64(a.ID))); err != nil {
			return model.AuditEntry{}, err
		}
		var e model.Element
		found, err := get(tx.Bucket(bucketPictureElements), pairKey(uint64(a.SessionID), uint64(a.ElementID)), &e)
		if err != nil {
			return model.AuditEntry{}, err
		}
		if found && e.AssetID == a.ID {
			e.AssetID = 0
			e.Version++
			if err := putElement(tx, e); err != nil {
				return model.AuditEntry{}, err
			}
		}
		return assetEntry(model.AuditAssetRemove, a, fmt.Sprintf("asset %d %q removed from the register", a.ID, a.Name)), nil
	})
	if err != nil {
		return model.Asset{}, err
	}
	return a, nil
}

// assetEntry is an audit entry about asset a, as restricted as a.
func assetEntry(action model.AuditAction, a model.Asset, summary string) model.AuditEntry {
	return recordEntry(action, "asset", a.ID, summary, a.Ward, a.Visibility)
}
